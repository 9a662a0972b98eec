package com.endcap.inventory.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One long-lived non-blocking Jackson parser fed document after document, so that decoding a
 * small JSON document builds no parser, context or buffer: Jackson's non-blocking parser reads
 * root-level values one after another. The decoders of decision bodies and of NDJSON change lines
 * share it.
 * <p>
 * Usage per document: {@link #feed} it, read exactly one root value from the returned parser, then
 * {@link #endsCleanly}. Whenever that fails or anything throws, {@link #drop} the parser and decode
 * the document with a blocking parser instead, which reports what is wrong; the next document
 * gets a fresh parser. The parser is also replaced after {@link #bytesPerParser} bytes fed, which
 * bounds what its symbol table and counters collect.
 * <p>
 * Threads: one instance per thread.
 */
public final class ReusableJsonParser
{
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();

    private final JsonFactory factory;
    private final long bytesPerParser;
    private JsonParser parser;
    private long fedBytes;

    /**
     * @param factory        makes the parsers (its features apply).
     * @param bytesPerParser bytes one parser is fed before it is replaced.
     */
    public ReusableJsonParser(final JsonFactory factory, final long bytesPerParser)
    {
        this.factory = factory;
        this.bytesPerParser = bytesPerParser;
    }

    /**
     * @param bytes holds the document.
     * @param start where it starts.
     * @param end   where it ends (exclusive).
     * @return the parser, fed the document and positioned before its first token.
     * @throws IOException when a parser cannot be made or fed.
     */
    public JsonParser feed(final byte[] bytes, final int start, final int end) throws IOException
    {
        final int length = end - start;
        if (null != parser && fedBytes + length > bytesPerParser)
        {
            drop();
        }
        if (null == parser)
        {
            parser = factory.createNonBlockingByteArrayParser();
            fedBytes = 0;
        }
        fedBytes += length;
        ((ByteArrayFeeder)parser.getNonBlockingInputFeeder()).feedInput(bytes, start, end);
        return parser;
    }

    /**
     * After one root value was read: whether the rest of the document (what the parser has not
     * consumed) is JSON whitespace and the parser wants more input, i.e. is ready for the next one.
     *
     * @param bytes the document fed last.
     * @param end   where it ends (exclusive).
     * @return true when the document ended cleanly.
     * @throws IOException when the parser fails reading what is left.
     */
    public boolean endsCleanly(final byte[] bytes, final int end) throws IOException
    {
        final int left = parser.releaseBuffered(DISCARD);
        for (int i = end - left; i < end; i++)
        {
            final byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n')
            {
                return false;
            }
        }
        return parser.nextToken() == JsonToken.NOT_AVAILABLE;
    }

    /**
     * Drops the parser (after a document it did not take cleanly); the next {@link #feed} makes a new one.
     */
    public void drop()
    {
        final JsonParser dropped = parser;
        parser = null;
        if (null != dropped)
        {
            try
            {
                dropped.close();
            }
            catch (final IOException ex)
            {
                // Closing a byte-fed parser only releases buffers; nothing to report.
            }
        }
    }
}
