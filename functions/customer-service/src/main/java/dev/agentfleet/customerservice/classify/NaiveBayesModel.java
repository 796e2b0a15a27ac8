package dev.agentfleet.customerservice.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.classification.ClassificationResult;
import org.apache.lucene.classification.BM25NBClassifier;
import org.apache.lucene.classification.Classifier;
import org.apache.lucene.classification.SimpleNaiveBayesClassifier;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Two of Lucene's Naive Bayes classifiers per label (category, sentiment), their normalised scores averaged:
 * {@link BM25NBClassifier} (term likelihoods from BM25 scores) and the multinomial {@link SimpleNaiveBayesClassifier}.
 * On phrasings held out of training the pair scores as the better of the two on categories and keeps the plain
 * classifier's robustness on short texts (figures in the module README). Trained once at start-up over an in-memory
 * index of the labelled examples, in milliseconds; thread-safe for reading.
 */
public final class NaiveBayesModel {

    static final String TEXT = "text";
    static final String CATEGORY = "category";
    static final String SENTIMENT = "sentiment";
    static final String SPLIT = "split";

    /** The labels a text gets, each with the probability Naive Bayes gives every class. */
    public record Prediction(String category, Map<String, Double> categoryScores, String sentiment, Map<String, Double> sentimentScores) {
    }

    private final List<Classifier<BytesRef>> categories;
    private final List<Classifier<BytesRef>> sentiments;

    private NaiveBayesModel(DirectoryReader reader, Analyzer analyzer, Query trainingDocs) {
        this.categories = List.of(new BM25NBClassifier(reader, analyzer, trainingDocs, CATEGORY, TEXT),
                new SimpleNaiveBayesClassifier(reader, analyzer, trainingDocs, CATEGORY, TEXT));
        this.sentiments = List.of(new BM25NBClassifier(reader, analyzer, trainingDocs, SENTIMENT, TEXT),
                new SimpleNaiveBayesClassifier(reader, analyzer, trainingDocs, SENTIMENT, TEXT));
    }

    /** Trains on every example. */
    public static NaiveBayesModel trainOnAll(List<LabelledInquiry> examples) {
        return train(examples, null);
    }

    /** Trains on the examples that are not held out, to measure accuracy on the held-out ones. */
    public static NaiveBayesModel trainOnTrainingSplit(List<LabelledInquiry> examples) {
        return train(examples, new TermQuery(new Term(SPLIT, "train")));
    }

    private static NaiveBayesModel train(List<LabelledInquiry> examples, Query trainingDocs) {
        Analyzer analyzer = new EnglishAnalyzer();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            for (LabelledInquiry e : examples) {
                Document doc = new Document();
                doc.add(new TextField(TEXT, e.text(), Field.Store.NO));
                doc.add(new StringField(CATEGORY, e.category(), Field.Store.YES));
                doc.add(new StringField(SENTIMENT, e.sentiment(), Field.Store.YES));
                doc.add(new StringField(SPLIT, e.heldOut() ? "test" : "train", Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.commit();
            return new NaiveBayesModel(DirectoryReader.open(directory), analyzer, trainingDocs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the classifier index", e);
        }
    }

    public Prediction predict(String text) {
        Map<String, Double> category = scores(categories, text);
        Map<String, Double> sentiment = scores(sentiments, text);
        return new Prediction(category.keySet().iterator().next(), category, sentiment.keySet().iterator().next(), sentiment);
    }

    /** Class to probability (the mean of the classifiers' normalised scores), most probable first. */
    private static Map<String, Double> scores(List<Classifier<BytesRef>> classifiers, String text) {
        try {
            Map<String, Double> sum = new HashMap<>();
            for (Classifier<BytesRef> classifier : classifiers) {
                for (ClassificationResult<BytesRef> r : classifier.getClasses(text)) {
                    sum.merge(r.getAssignedClass().utf8ToString(), r.getScore() / classifiers.size(), Double::sum);
                }
            }
            Map<String, Double> scores = new LinkedHashMap<>();
            sum.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> scores.put(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0));
            return scores;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
