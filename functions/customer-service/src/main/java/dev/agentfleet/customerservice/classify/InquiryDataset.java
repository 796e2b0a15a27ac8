package dev.agentfleet.customerservice.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** Reads the labelled dataset shipped in {@code src/main/resources/inquiries/inquiries.csv}. */
public final class InquiryDataset {

    public static final String RESOURCE = "inquiries/inquiries.csv";

    private InquiryDataset() {
    }

    public static List<LabelledInquiry> load() {
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = csv.schemaFor(LabelledInquiry.class).withHeader();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing dataset " + RESOURCE);
            }
            try (MappingIterator<LabelledInquiry> rows = csv.readerFor(LabelledInquiry.class).with(schema).readValues(in)) {
                return rows.readAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
