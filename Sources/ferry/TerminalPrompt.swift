import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Questions asked on the terminal (standard input and standard error), never in a pipe: a
/// script that forgot a flag gets an error instead of hanging on a prompt nobody sees.
enum TerminalPrompt {
    /// One line, echoed.
    static func line(_ question: String) throws -> String {
        try ask(question, echo: true).trimmingCharacters(in: .whitespaces)
    }

    /// One line with echo off (a password).
    static func hidden(_ question: String) throws -> String {
        let answer = try ask(question, echo: false)
        Console.err("\n", always: true)
        return answer
    }

    private static func ask(_ question: String, echo: Bool) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandError("standard input is not a terminal, so nothing can be asked: give --username and --password or --password-stdin")
        }
        Console.err(question, always: true)
        var saved = termios()
        let restore = !echo && tcgetattr(STDIN_FILENO, &saved) == 0
        if restore {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer { if restore { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) } }
        guard let answer = Swift.readLine(strippingNewline: true) else {
            throw CommandError("no answer on the terminal")
        }
        return answer
    }
}
