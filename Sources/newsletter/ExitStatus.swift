import ArgumentParser
import Foundation
import NewsletterCore
import Settings

/// The one place where failures become exit statuses (sysexits, as sendmail and msmtp use them).
enum ExitStatus {
    /// The exit status for an error code.
    static func code(for code: NewsletterError.Code) -> Int32 {
        switch code {
        case .usage: 64  // EX_USAGE
        case .badData: 65  // EX_DATAERR
        case .missingInput: 66  // EX_NOINPUT
        case .unavailable: 69  // EX_UNAVAILABLE
        case .ioFailure: 74  // EX_IOERR
        case .temporaryFailure: 75  // EX_TEMPFAIL
        case .authenticationFailed: 77  // EX_NOPERM
        case .badConfiguration: 78  // EX_CONFIG
        }
    }

    /// What to throw for `error` out of `run()`: after printing a ``NewsletterError`` (or any error
    /// but ArgumentParser's own) as one line on stderr, the exit status it calls for.
    static func exit(for error: any Error) -> any Error {
        switch error {
        case let error as NewsletterError:
            Console.error("newsletter: \(error)")
            return ExitCode(code(for: error.code))
        case is ExitCode, is CleanExit:
            return error
        default:
            Console.error("newsletter: \(error)")
            return ExitCode(70)  // EX_SOFTWARE: a bug; it still prints one line, never a trap
        }
    }
}

/// Writes to the standard streams without buffering surprises.
enum Console {
    /// Writes `text` to stdout as is.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `text` and a newline to stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether stderr is a terminal (for the progress line).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}
