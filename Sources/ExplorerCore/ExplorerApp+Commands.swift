import DumpInput
import Foundation

/// The one-line prompts of `:` (go to an object, or find strings) and `e` (export the table).
struct CommandPrompt {
    enum Kind { case jump, export }
    var kind: Kind
    var text = ""
}

/// A screen whose selection is an object (`y` copies its id, `:` results open it).
package protocol ObjectSelecting: AnyObject {
    var selectedObject: UInt32? { get }
}

extension ExplorerApp {
    static let invalidRegexNote = "not a valid regex: matched as plain text"

    func handleCommand(_ key: Key, _ ctx: PageContext) {
        guard var prompt = command else { return }
        message = nil
        switch key {
        case .enter:
            command = nil
            let before = location()
            movedBack = false
            switch prompt.kind {
            case .jump: jump(prompt.text.trimmingCharacters(in: .whitespaces), ctx)
            case .export: export(format: prompt.text.trimmingCharacters(in: .whitespaces).lowercased())
            }
            record(before)
            return
        case .escape:
            command = nil
            return
        case .backspace:
            if prompt.text.isEmpty { command = nil; return }
            prompt.text.removeLast()
        case .char(let c):
            prompt.text.append(c)
        default:
            return
        }
        command = prompt
    }

    func drawCommand(_ c: Canvas, _ prompt: CommandPrompt) {
        let label = prompt.kind == .jump ? " go to :" : " export as (csv, json) "
        var x = c.put(label, x: 0, y: 0, role: .statusKey)
        x = c.put(prompt.text, x: x, y: 0, role: .input)
        x = c.put(glyphs.ascii ? "_" : "▏", x: x, y: 0, role: .input)
        let tail = prompt.kind == .jump ? "  0x1a2b  123  @123  an allocator path  \"text\"  Esc cancel"
            : "  Enter writes CSV  Esc cancel"
        c.put(tail, x: x, y: 0, role: .status)
    }

    // MARK: `:` go to an object, or find strings

    func jump(_ text: String, _ ctx: PageContext) {
        guard !text.isEmpty else { return }
        if text.hasPrefix("\"") {
            var needle = String(text.dropFirst())
            if needle.hasSuffix("\"") { needle.removeLast() }
            guard !needle.isEmpty else { message = "type the text between the quotes: :\"text\""; return }
            stringSearch?.stopScan()
            let page = StringSearchPage(needle: needle, model: model, inline: searchInline)
            stacks[activeTab].append(page)
            stringSearch = page.isScanning ? page : nil
            if !page.isScanning { message = page.summary }
            return
        }
        let allocators = model.grouping == .allocator
        guard let node = model.details.node(forIDString: text), node != 0,
              Int(node) < model.graph.nodeCount else {
            message = allocators ? "no allocator \(TerminalText.visible(text)) in this dump"
                : "no object with id \(TerminalText.visible(text)) in this dump"
            return
        }
        // An allocator is its row in the allocator tree (parents opened), not an object screen.
        if allocators { reveal(node); return }
        stacks[activeTab].append(ObjectPage(node: node, model: model))
    }

    // MARK: `y` copy the selected id

    func copySelection() {
        var text: String?
        if let n = (currentPage as? ObjectSelecting)?.selectedObject, n != 0 {
            text = model.idString(n)
        } else if let h = currentPage as? HistogramPage, let r = h.selectedRow {
            text = model.graph.classes[r.classIndex]
        }
        guard let text, !text.isEmpty else { message = "nothing selected to copy"; return }
        let shown = TerminalText.visible(text)
        if clipboardAllowed {
            clipboardRequest = text
            message = "copied \(shown) to the clipboard (OSC 52)"
        } else {
            message = "\(shown): copy it by hand (the clipboard is off over SSH; HDX_OSC52=1 allows it)"
        }
    }
}

/// The last `/` scan beyond the loaded rows that found nothing.
struct DeepMiss: Equatable {
    var page: ObjectIdentifier
    var pattern: String
    var rows: Int
    var location: [UInt32]
}
