import Inspect
import OCI

/// The `serialize` receipt of a stream just written in full.
enum StreamReceipt {
    static func make(plan: StreamPlan, root: ParsedManifest, name: String, recorder: StreamRecorder, tool: String) -> Receipt {
        var receipt = Receipt(kind: .serialize, tool: tool, root: ReceiptBlob(plan.root),
                              sources: ReceiptSource.images(of: root, name: name))
        receipt.stream = recorder.finish()
        receipt.entries = recorder.entries
        receipt.leftOut = plan.leftOut.map(ReceiptBlob.init)
        return receipt
    }
}
