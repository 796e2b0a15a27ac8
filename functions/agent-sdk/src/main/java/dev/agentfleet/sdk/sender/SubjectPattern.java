package dev.agentfleet.sdk.sender;

import java.util.List;

/**
 * An allowed token subject: exact, or with {@code *} standing for any run of characters (no other syntax, so a
 * ServiceAccount name's dots and colons need no escaping).
 */
record SubjectPattern(String pattern, List<String> pieces) {

    static SubjectPattern of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a subject pattern is empty");
        }
        return new SubjectPattern(pattern.strip(), List.of(pattern.strip().split("\\*", -1)));
    }

    boolean matches(String subject) {
        if (subject == null) {
            return false;
        }
        if (pieces.size() == 1) {
            return subject.equals(pieces.get(0));
        }
        String first = pieces.get(0);
        String last = pieces.get(pieces.size() - 1);
        if (!subject.startsWith(first) || !subject.endsWith(last) || subject.length() < first.length() + last.length()) {
            return false;
        }
        // Each middle piece, leftmost first, in what lies between the first and the last piece.
        int from = first.length();
        int to = subject.length() - last.length();
        for (int i = 1; i < pieces.size() - 1; i++) {
            int at = subject.indexOf(pieces.get(i), from);
            if (at < 0 || at + pieces.get(i).length() > to) {
                return false;
            }
            from = at + pieces.get(i).length();
        }
        return true;
    }
}
