package dev.agentfleet.text;

import org.apache.lucene.analysis.tokenattributes.BytesTermAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.CharTermAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.FlagsAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.KeywordAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.OffsetAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PackedTokenAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PayloadAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.SentenceAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttributeImpl;
import org.apache.lucene.analysis.tokenattributes.TypeAttributeImpl;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native executables: Lucene finds the implementation of a token attribute by name (interface name + "Impl") and
 * constructs it reflectively, so the implementations are registered for reflection (the native integration tests
 * failed with "Cannot find implementing class for: ...KeywordAttribute" without this). Every application that depends
 * on this module gets the registration.
 */
@RegisterForReflection(targets = { BytesTermAttributeImpl.class, CharTermAttributeImpl.class, FlagsAttributeImpl.class,
        KeywordAttributeImpl.class, OffsetAttributeImpl.class, PackedTokenAttributeImpl.class, PayloadAttributeImpl.class,
        PositionIncrementAttributeImpl.class, PositionLengthAttributeImpl.class, SentenceAttributeImpl.class,
        TermFrequencyAttributeImpl.class, TypeAttributeImpl.class })
final class LuceneAttributes {

    private LuceneAttributes() {
    }
}
