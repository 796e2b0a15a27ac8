package dev.agentfleet.dataanalysis.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/** The content words of a text by stem (Lucene's English analyzer: stop words removed, Porter stemming). */
final class KeyTerms {

    /** Lucene's English stop words plus the courtesy words of support mail, which are no topic to cover. */
    private static final Analyzer ENGLISH = new EnglishAnalyzer(stopWords());

    private KeyTerms() {
    }

    private static CharArraySet stopWords() {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        words.addAll(List.of("please", "thank", "thanks", "hello", "hi", "hey", "dear", "regards", "kindly", "sorry", "help",
                "would", "could", "can", "like", "need", "want", "also", "just", "get", "hope"));
        return words;
    }

    /** Stem to the first surface form it had in the text, in order of appearance; stems shorter than 3 and numbers are left out. */
    static Map<String, String> of(String text) {
        Map<String, String> terms = new LinkedHashMap<>();
        try (TokenStream tokens = ENGLISH.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                String stem = term.toString();
                if (stem.length() >= 3 && !stem.chars().allMatch(Character::isDigit)) {
                    terms.putIfAbsent(stem, text.substring(offset.startOffset(), offset.endOffset()).toLowerCase());
                }
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }
}
