package dev.agentfleet.dataanalysis.quality;

import java.util.regex.Pattern;

/** Flesch reading ease with the usual vowel-group syllable estimate (no dictionary). */
final class Readability {

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+(\\s|$)|\\n\\s*\\n|\\n\\s*(\\d+[.)]|[-*])\\s");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+(?:'[A-Za-z]+)?");
    private static final Pattern VOWEL_GROUP = Pattern.compile("[aeiouy]+");

    private Readability() {
    }

    static QualityAssessment.Readability of(String text) {
        int sentences = Math.max(1, (int) SENTENCE_END.matcher(text.trim()).results().count()
                + (text.trim().matches("(?s).*[^.!?\\s]\\s*") ? 1 : 0));
        int words = 0;
        int syllables = 0;
        var m = WORD.matcher(text);
        while (m.find()) {
            words++;
            syllables += syllables(m.group().toLowerCase());
        }
        if (words == 0) {
            return new QualityAssessment.Readability(0, 0, sentences, 0);
        }
        double ease = 206.835 - 1.015 * ((double) words / sentences) - 84.6 * ((double) syllables / words);
        double score = Math.max(0, Math.min(1, (ease - 30) / 40));
        return new QualityAssessment.Readability(Math.round(ease * 10) / 10.0, Math.round(score * 100) / 100.0, sentences, words);
    }

    /** Vowel groups, less a silent final e, at least one. */
    static int syllables(String word) {
        int count = (int) VOWEL_GROUP.matcher(word).results().count();
        if (word.endsWith("e") && !word.endsWith("le") && count > 1) {
            count--;
        }
        return Math.max(1, count);
    }
}
