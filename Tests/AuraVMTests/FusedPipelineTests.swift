import AuraSema
@testable import AuraVM
import XCTest

/// `xs | map(...) | filter(...) | sum` over pure lambda literals runs as one loop: the same
/// output as stage by stage, and ordinary calls wherever a stage could observe the difference.
final class FusedPipelineTests: XCTestCase {
    private func run(_ source: String, limits: Limits = .verification) -> (output: String, error: RuntimeError?) {
        runProgram(source, limits: limits)
    }

    private func opcodes(_ source: String, function: String = "main") -> [Opcode] {
        let compiled = BytecodeCompiler.compile(Compiler.check(source: source))
        return compiled.functions.first { $0.name == function }.map { $0.code.map(\.op) } ?? []
    }

    func testPipelinesGiveTheStageByStageResults() {
        let source = """
        @P { name:s age:i active:b }
        main = {
            xs = range(0, 20)
            print!(xs | map(_ * 2) | map(_ + 1) | filter(_ % 3 == 0) | sum)
            print!(xs | filter(_ > 5 and _ < 9) | map(_ * _))
            print!([] | map(_ * 2) | sum)
            print!([1.5, 2.25] | map(_ * 2.0) | sum)
            limit = 3
            var bonus = 100
            print!(xs | where(_ < limit) | map(_ + bonus) | sum)
            people = [P { name: "ana", age: 31, active: true }, P { name: "bo", age: 25, active: true }, P { name: "cy", age: 40, active: false }]
            print!(people | filter(_.active) | map(_.name) | map(s => upper(s)))
            print!(people | filter(_.age > 30) | map(_.age) | sum)
        }
        """
        let ops = opcodes(source)
        XCTAssertTrue(ops.contains(.sumStep) && ops.contains(.appendTo), "\(ops)")
        let (output, error) = run(source)
        XCTAssertNil(error)
        XCTAssertEqual(output, "147\n[36, 49, 64]\n0\n7.5\n303\n[\"ANA\", \"BO\"]\n71\n")
    }

    func testAFusedSumReportsOverflowAsSumDoes() {
        let (_, error) = run("""
        main = print!([9223372036854775807, 1] | map(_ + 0) | sum)
        """)
        XCTAssertEqual(error?.code, .integerOverflow)
        XCTAssertEqual(error?.message, "integer overflow: sum does not fit in 64 bits")
    }

    func testEffectfulOrHigherOrderStagesAreNotFused() {
        // Stage by stage, every `shout!` of the first map runs before the second map starts.
        let source = """
        shout!(x: i): i = {
            print!("saw ${x}")
            x
        }
        main = {
            ys = [1, 2] | map(x => shout!(x)) | map(_ * 10)
            print!(ys)
            print!([[1, 2], [3]] | map(xs => len(xs)) | map(_ + 1))
            print!([[1, 2], [3]] | map(xs => xs | map(_ + 1) | sum) | sum)
        }
        """
        let (output, error) = run(source)
        XCTAssertNil(error)
        XCTAssertEqual(output, "saw 1\nsaw 2\n[10, 20]\n[3, 2]\n9\n")
    }

    func testTheResultListIsChargedToTheMemoryBudget() {
        var limits = Limits.verification
        limits.maxMemoryBytes = 1 << 20
        let (_, error) = run("""
        main = print!(len(range(0, 2000000) | map(_ + 1) | map(_ * 2)))
        """, limits: limits)
        XCTAssertEqual(error?.code, .memoryLimit)
    }
}
