#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value shared between threads, reached only under its lock: hdx's one lock type. Built on a pthread mutex so
/// that it works wherever hdx builds (the standard library's `Mutex` needs macOS 15).
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is read and written only between `pthread_mutex_lock` and `pthread_mutex_unlock`.
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock. Changes made through `inout` happen in place.
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

extension Locked {
    /// The value computed once by `make`, on first use, from any thread (`Locked<T?>` as a lazy value).
    public func get<T>(orMake make: () throws -> T) rethrows -> T where Value == T? {
        try withLock { slot in
            if let v = slot { return v }
            let v = try make()
            slot = v
            return v
        }
    }
}
