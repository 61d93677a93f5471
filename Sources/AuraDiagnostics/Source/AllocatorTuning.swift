/// glibc allocator settings for AURA's executables, applied first thing in `main`.
///
/// The front end grows a few large arrays (tokens, syntax nodes, types). Above glibc's mmap
/// threshold each growth maps fresh pages and unmaps the old block, and the heap top is trimmed
/// back as soon as memory is freed, so the same memory is faulted in again and again: page
/// faults were about 9% of `aura check` on a 100k-line project. Keeping large blocks in the
/// heap and the heap's top mapped takes 3-5% off it (whole process, 30 runs side by side:
/// 124.6 -> 120.1 ms). Pages still count only when touched; the verification worker's
/// address-space limit leaves room.
public enum AllocatorTuning {
    public static func apply() {
        #if canImport(Glibc)
        // <malloc.h>'s parameter numbers (Glibc's Swift module does not include that header).
        let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3
        // 32 MiB is the largest threshold glibc accepts on 64-bit (a larger value is refused,
        // leaving the default of 128 KiB).
        _ = glibcMallopt(mmapThreshold, 32 << 20)
        _ = glibcMallopt(trimThreshold, 512 << 20)
        _ = glibcMallopt(topPad, 64 << 20)
        #endif
    }
}

#if canImport(Glibc)
/// `int mallopt(int param, int value)` from glibc.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
