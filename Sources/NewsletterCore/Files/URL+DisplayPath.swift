import Foundation

extension URL {
    /// The path messages show for this file: relative to `base` (the current folder) when the file
    /// is under it, whole otherwise.
    package func displayPath(relativeTo base: URL?) -> String {
        guard let base else { return path }
        let prefix =
            base.standardizedFileURL.path.hasSuffix("/")
            ? base.standardizedFileURL.path : base.standardizedFileURL.path + "/"
        let path = standardizedFileURL.path
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
