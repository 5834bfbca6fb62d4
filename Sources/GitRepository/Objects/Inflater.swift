internal import CZlib

/// One zlib stream, reset for each pack entry rather than set up and torn down (two allocations
/// of about 7 KiB and 32 KiB) per object as libgit2 does: a scan inflates tens of thousands.
final class Inflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var ready = false

    deinit {
        if ready { inflateEnd(stream) }
        stream.deallocate()
    }

    /// Inflates the zlib stream at the start of `input` into `output`, whose first `size`
    /// bytes are the entry's announced size and which has room for one byte more (so that a
    /// stream longer than announced is caught, and the whole entry takes one call, as Git
    /// does it); false when the data is corrupt or of another size.
    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer, size: Int) -> Bool {
        guard size < Int(UInt32.max) else { return false }
        if ready {
            guard inflateReset(stream) == Z_OK else { return false }
        } else {
            stream.initialize(to: z_stream())
            guard git_deploy_inflate_init(stream) == Z_OK else { return false }
            ready = true
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(clamping: input.count)
        stream.pointee.next_out = output.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(size + 1)
        let status = CZlib.inflate(stream, Z_FINISH)
        return status == Z_STREAM_END && stream.pointee.avail_out == 1
    }
}
