package dev.agentfleet.customerservice.resolve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The shipped knowledge base, indexed in memory at start-up and searched with Lucene's BM25 (its default
 * similarity). The query is built from the inquiry's analysed terms (no query syntax, so any text is safe): each term
 * on the title (boost 2) and the body, and a boost for articles of the inquiry's category when it is known.
 */
@Singleton
public class KnowledgeBase {

    private static final Pattern FRONT_MATTER = Pattern.compile("(?s)^---\\n(.*?)\\n---\\n(.*)$");
    private static final Pattern STEP = Pattern.compile("^\\d+\\.\\s+(.*)$");
    private static final float TITLE_BOOST = 2f;
    private static final float CATEGORY_BOOST = 1.5f;

    /** An article that matched, with its BM25 score. */
    public record Hit(Article article, double score) {
    }

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Map<String, Article> articles = new HashMap<>();
    private final IndexSearcher searcher;

    public KnowledgeBase() {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            for (String file : resourceLines("kb/index.txt")) {
                Article article = parse(String.join("\n", resourceLines("kb/" + file)));
                articles.put(article.id(), article);
                Document doc = new Document();
                doc.add(new StringField("id", article.id(), Field.Store.YES));
                doc.add(new StringField("category", article.category(), Field.Store.NO));
                doc.add(new TextField("title", article.title(), Field.Store.NO));
                doc.add(new TextField("body", article.summary() + "\n" + String.join("\n", article.steps()), Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.commit();
            searcher = new IndexSearcher(DirectoryReader.open(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index the knowledge base", e);
        }
    }

    /** The best {@code max} articles for the text, best first; none when no term matches. */
    public List<Hit> search(String text, String category, int max) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        Set<String> terms = terms(text);
        if (terms.isEmpty()) {
            return List.of();
        }
        for (String term : terms) {
            query.add(new BoostQuery(new TermQuery(new Term("title", term)), TITLE_BOOST), BooleanClause.Occur.SHOULD);
            query.add(new TermQuery(new Term("body", term)), BooleanClause.Occur.SHOULD);
        }
        BooleanQuery.Builder scored = new BooleanQuery.Builder().add(query.build(), BooleanClause.Occur.MUST);
        if (category != null) {
            scored.add(new BoostQuery(new TermQuery(new Term("category", category)), CATEGORY_BOOST), BooleanClause.Occur.SHOULD);
        }
        try {
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc doc : searcher.search(scored.build(), max).scoreDocs) {
                String id = searcher.storedFields().document(doc.doc).get("id");
                hits.add(new Hit(articles.get(id), Math.round(doc.score * 1000) / 1000.0));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return articles.size();
    }

    private Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && terms.size() < IndexSearcher.getMaxClauseCount() / 3) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    static Article parse(String markdown) {
        Matcher m = FRONT_MATTER.matcher(markdown);
        if (!m.matches()) {
            throw new IllegalStateException("knowledge-base article without front matter");
        }
        Map<String, String> meta = new HashMap<>();
        for (String line : m.group(1).split("\n")) {
            int colon = line.indexOf(':');
            meta.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        String body = m.group(2);
        int stepsAt = body.indexOf("## Steps");
        String summary = (stepsAt < 0 ? body : body.substring(0, stepsAt)).trim().replaceAll("\\s*\\n\\s*", " ");
        List<String> steps = new ArrayList<>();
        if (stepsAt >= 0) {
            for (String line : body.substring(stepsAt).split("\n")) {
                Matcher step = STEP.matcher(line.trim());
                if (step.matches()) {
                    steps.add(step.group(1));
                }
            }
        }
        return new Article(meta.get("id"), meta.get("title"), meta.get("category"), summary, steps);
    }

    private static List<String> resourceLines(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing knowledge-base resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
