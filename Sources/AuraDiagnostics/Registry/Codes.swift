/// Named constants for every diagnostic code, so producers never spell codes inline.
/// Titles and long explanations live in docs/errors/CODE.md (see `CodeRegistry`).
extension DiagnosticCode {
    // E01xx syntax
    public static let unexpectedCharacter: DiagnosticCode = "E0101"
    public static let unterminatedString: DiagnosticCode = "E0102"
    public static let unclosedDelimiter: DiagnosticCode = "E0103"
    public static let unexpectedToken: DiagnosticCode = "E0104"
    public static let invalidNumber: DiagnosticCode = "E0105"
    public static let invalidEscape: DiagnosticCode = "E0106"
    public static let misplacedHeader: DiagnosticCode = "E0107"
    public static let mismatchedDelimiter: DiagnosticCode = "E0108"
    public static let invalidAssignmentTarget: DiagnosticCode = "E0109"
    public static let nestingTooDeep: DiagnosticCode = "E0110"
    public static let invalidUTF8: DiagnosticCode = "E0111"
    public static let fileTooLarge: DiagnosticCode = "E0112"
    // E02xx names
    public static let unknownName: DiagnosticCode = "E0201"
    public static let unknownField: DiagnosticCode = "E0202"
    public static let duplicateDefinition: DiagnosticCode = "E0203"
    public static let unknownType: DiagnosticCode = "E0204"
    public static let assignToImmutable: DiagnosticCode = "E0205"
    public static let misplacedPlaceholder: DiagnosticCode = "E0206"
    public static let missingField: DiagnosticCode = "E0207"
    public static let duplicateField: DiagnosticCode = "E0208"
    // E03xx types
    public static let typeMismatch: DiagnosticCode = "E0301"
    public static let wrongArgumentCount: DiagnosticCode = "E0302"
    public static let notAFunction: DiagnosticCode = "E0303"
    public static let badOperands: DiagnosticCode = "E0304"
    public static let ifWithoutElse: DiagnosticCode = "E0305"
    public static let cannotInfer: DiagnosticCode = "E0306"
    public static let infiniteType: DiagnosticCode = "E0307"
    public static let notARecord: DiagnosticCode = "E0308"
    public static let notIndexable: DiagnosticCode = "E0309"
    public static let dynNeedsConversion: DiagnosticCode = "E0310"
    public static let optionalUsedAsValue: DiagnosticCode = "E0311"
    public static let nonExhaustiveSumMatch: DiagnosticCode = "E0312"
    public static let fieldOfSumType: DiagnosticCode = "E0313"
    // E04xx effects
    public static let effectInPureContext: DiagnosticCode = "E0401"
    public static let missingBang: DiagnosticCode = "E0402"
    // E05xx capabilities
    public static let missingCapability: DiagnosticCode = "E0501"
    public static let unknownCapability: DiagnosticCode = "E0502"
    public static let unknownCapabilityMember: DiagnosticCode = "E0503"
    // E06xx modules
    public static let moduleNotFound: DiagnosticCode = "E0601"
    public static let importCycle: DiagnosticCode = "E0602"
    public static let unknownModuleMember: DiagnosticCode = "E0603"
    // E07xx queries
    public static let notSQL: DiagnosticCode = "E0701"
    public static let notATable: DiagnosticCode = "E0702"
    public static let invalidTable: DiagnosticCode = "E0703"
    // W0xxx warnings
    public static let unusedCapability: DiagnosticCode = "W0001"
    public static let nonExhaustiveMatch: DiagnosticCode = "W0002"
    public static let unreachableArm: DiagnosticCode = "W0003"
    public static let duplicateCapability: DiagnosticCode = "W0004"
    // R0xxx runtime
    public static let divisionByZero: DiagnosticCode = "R0001"
    public static let integerOverflow: DiagnosticCode = "R0002"
    public static let indexOutOfRange: DiagnosticCode = "R0003"
    public static let missingKey: DiagnosticCode = "R0004"
    public static let noMatchArm: DiagnosticCode = "R0005"
    public static let wrongDynKind: DiagnosticCode = "R0006"
    public static let assertionFailed: DiagnosticCode = "R0007"
    public static let stackOverflow: DiagnosticCode = "R0008"
    public static let instructionBudget: DiagnosticCode = "R0009"
    public static let timeLimit: DiagnosticCode = "R0010"
    public static let memoryLimit: DiagnosticCode = "R0011"
    public static let invalidJSON: DiagnosticCode = "R0012"
    public static let databaseError: DiagnosticCode = "R0013"
    public static let httpError: DiagnosticCode = "R0014"
    public static let sandboxDenied: DiagnosticCode = "R0015"
    public static let fileError: DiagnosticCode = "R0016"
    public static let sandboxPathDenied: DiagnosticCode = "R0017"
    public static let sandboxSQLDenied: DiagnosticCode = "R0018"
    public static let sandboxDatabaseDenied: DiagnosticCode = "R0019"
    public static let rowMismatch: DiagnosticCode = "R0020"
    // T0xxx tests
    public static let testAssertionFailed: DiagnosticCode = "T0001"
    public static let testRuntimeError: DiagnosticCode = "T0002"
    public static let testBudgetExceeded: DiagnosticCode = "T0003"

    /// The syntax errors (E01xx): a file with one of these did not parse.
    public static let syntaxErrors: Set<DiagnosticCode> = [
        unexpectedCharacter, unterminatedString, unclosedDelimiter, unexpectedToken, invalidNumber, invalidEscape,
        misplacedHeader, mismatchedDelimiter, invalidAssignmentTarget, nestingTooDeep, invalidUTF8, fileTooLarge,
    ]
}
