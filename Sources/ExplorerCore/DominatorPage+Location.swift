/// The dominator tree's levels are places on the back stack: drilling in is a move `q` goes back from, and a reveal
/// from another screen is undone as a whole.
extension DominatorPage: LocationRestoring {
    package var locationKey: [UInt32] { path }

    package var memento: Any {
        var saved = levels
        saved[saved.count - 1].list = list
        return saved
    }

    package func restore(_ memento: Any) {
        guard let saved = memento as? [Level], !saved.isEmpty else { return }
        levels = saved
        // A level saved before `s` changed the order is listed again in the order in force.
        levels[levels.count - 1] = relisted(current)
        list = current.list
    }
}
