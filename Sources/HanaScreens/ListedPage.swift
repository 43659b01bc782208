import ExplorerCore

/// A HANA screen whose rows are a `ListController`'s: `/` finds rows, the position is the list's, and drawing,
/// finding and `n`/`N` go to the controller. One place for what each list screen would otherwise write again.
protocol ListedPage: Page, ListRows {
    var listing: ListController { get }
}

extension ListedPage {
    package var searchKind: SearchKind { .find }
    package var position: String? { listing.state.position }
    package func render(_ canvas: Canvas, _ ctx: PageContext) { listing.render(canvas, ctx, self) }
    package func setQuery(_ matcher: TextMatcher?, _ ctx: PageContext) -> Bool { listing.setQuery(matcher, ctx, self) }
    package func findNext(forward: Bool, _ ctx: PageContext) -> Bool { listing.findNext(forward: forward, ctx, self) }
}
