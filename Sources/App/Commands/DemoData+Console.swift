import Demo
import Vapor

extension DemoData.LoadReport {
    /// What a load added, and the demo accounts' published passwords, as `demo` and `serve --demo` print them.
    func print(on console: any Console) {
        if totalAdded == 0 {
            console.info("The demo data was already there; nothing was added.")
        } else {
            let parts = added.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            console.success("Demo data added: \(parts.joined(separator: ", ")).")
        }
        console.info("Admin:      \(DemoData.admin.email) / \(DemoData.admin.password)")
        console.info("Subscriber: \(DemoData.subscriber.email) / \(DemoData.subscriber.password)")
        console.warning("These passwords are published; never load the demo data into a real site.")
    }
}
