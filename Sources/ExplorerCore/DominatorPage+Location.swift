/// The dominator tree's levels are places on the back stack: drilling in is a move `q` goes back from, and a reveal
/// from another screen is undone as a whole.
extension DominatorPage: LocationRestoring {
    public var locationKey: [UInt32] { path }

    public var memento: Any {
        var saved = levels
        saved[saved.count - 1].list = list
        return saved
    }

    public func restore(_ memento: Any) {
        guard let saved = memento as? [Level], !saved.isEmpty else { return }
        levels = saved
        list = current.list
    }
}
