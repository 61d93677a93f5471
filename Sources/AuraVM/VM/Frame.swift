/// One activation record. Registers live in the VM's register stack at `base`.
struct Frame {
    var function: Int32
    var pc: Int32
    var base: Int32
    /// Absolute register that receives the result.
    var returnRegister: Int32
    /// The running closure (for captures); nil for top-level functions. Not retained: a frame
    /// runs only while its caller holds the closure (the callee register of `callValue` lies
    /// below the new frame's base and is not written until the call returns; native callers
    /// hold it as an argument), so a frame stays trivially copyable — retaining it cost a
    /// retain/release pair on every call and return, closures or not.
    unowned(unsafe) var closure: Closure?
    /// Set on frames entered from native code: returning from them leaves the dispatch loop.
    var returnsToNative: Bool
}

/// A `var` captured by a lambda lives in a cell shared by both.
final class CellObject: NativeObject, @unchecked Sendable {
    var value: Value
    init(_ value: Value) {
        self.value = value
        super.init()
    }
    override var displayName: String { value.display }
}
