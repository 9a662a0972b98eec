package com.endcap.bidder.segment;

import org.agrona.collections.IntArrayList;
import org.agrona.collections.IntHashSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A compiled boolean expression over audience segments, e.g.
 * {@code (loyalty-gold OR loyalty-platinum) AND NOT churn-risk}.
 * <p>
 * Grammar, with precedence {@code NOT} over {@code AND} over {@code OR}:
 * <pre>
 * or      := and ( ('OR' | '||') and )*
 * and     := unary ( ('AND' | '&amp;&amp;') unary )*
 * unary   := ('NOT' | '!')* primary
 * primary := segment | '(' or ')'
 * segment := 1 to 64 characters of [A-Za-z0-9_.:-]
 * </pre>
 * Operator words are case-insensitive, so no segment named {@code and}, {@code or} or {@code not}
 * (in any case) can be referenced. Whitespace separates tokens and is otherwise ignored. An
 * expression holds at most {@value #MAX_TERMS} segment references and nests parentheses at most
 * {@value #MAX_DEPTH} deep. A segment the shopper does not hold is false, so {@code NOT lapsed}
 * matches shoppers Endcap knows nothing about.
 * <p>
 * Threads: instances are immutable; {@link #matches} may be called from any thread at any rate,
 * never locks and never allocates. {@link #compile} is for the cold path (campaign load).
 */
public final class TargetingExpression
{
    /** Most segment references in one expression. */
    public static final int MAX_TERMS = 64;
    /** Deepest nesting of parentheses in one expression. */
    public static final int MAX_DEPTH = 32;

    /** Matches every shopper, including one with no segments: the expression of an untargeted ad. */
    public static final TargetingExpression ALWAYS = new TargetingExpression("", new int[0], new int[0], "ALWAYS");

    // Program instructions: a segment id (0 or more) pushes whether the shopper holds it; the
    // negative opcodes pop their operands and push the result.
    private static final int OP_NOT = -1;
    private static final int OP_AND = -2;
    private static final int OP_OR = -3;

    private final String text;
    private final int[] program;
    private final int[] segmentIds;
    private final String canonical;

    private TargetingExpression(final String text, final int[] program, final int[] segmentIds, final String canonical)
    {
        this.text = text;
        this.program = program;
        this.segmentIds = segmentIds;
        this.canonical = canonical;
    }

    /**
     * Compiles an expression, interning the segment names it mentions. Nothing is interned when
     * the text does not compile.
     *
     * @param text       the expression.
     * @param dictionary where segment names are interned.
     * @return the compiled expression.
     * @throws IllegalArgumentException naming the problem and its zero-based character position,
     *                                  e.g. {@code unexpected ')' at 14}, {@code empty expression}.
     * @throws IllegalStateException    when the dictionary is full.
     */
    public static TargetingExpression compile(final String text, final SegmentDictionary dictionary)
    {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(dictionary, "dictionary");

        final Parser parser = new Parser(text);
        parser.parse();

        final List<String> terms = parser.terms;
        final int[] idsByTerm = new int[terms.size()];
        final IntArrayList distinct = new IntArrayList();
        for (int i = 0; i < idsByTerm.length; i++)
        {
            final int id = dictionary.intern(terms.get(i));
            idsByTerm[i] = id;
            if (!distinct.containsInt(id))
            {
                distinct.addInt(id);
            }
        }

        final int[] program = parser.program.toIntArray();
        for (int i = 0; i < program.length; i++)
        {
            if (program[i] >= 0)
            {
                program[i] = idsByTerm[program[i]];
            }
        }

        return new TargetingExpression(text, program, distinct.toIntArray(), render(program, dictionary));
    }

    /**
     * Evaluates the expression for a shopper. Never locks, never allocates.
     *
     * @param userSegments ids of the segments the shopper holds (possibly empty, never null).
     * @return true when the shopper is in the target audience.
     */
    public boolean matches(final IntHashSet userSegments)
    {
        return evaluate(userSegments, null);
    }

    /**
     * Evaluates the expression for a shopper whose segments are given as a bit set (bit {@code id}
     * set for each segment held): the decision path's form, one bit test per term. Never locks,
     * never allocates.
     *
     * @param userSegmentBits the shopper's segments; ids past its end are not held.
     * @return true when the shopper is in the target audience.
     */
    public boolean matches(final long[] userSegmentBits)
    {
        return evaluate(null, userSegmentBits);
    }

    /** The one evaluator of both forms: exactly one of {@code set} and {@code bits} is given. */
    private boolean evaluate(final IntHashSet set, final long[] bits)
    {
        // A value stack of booleans, one bit each with the top in bit 0: MAX_TERMS operands never
        // need more than 64 bits. The initial 1 is the answer of the empty program (ALWAYS).
        long stack = 1L;
        for (final int instruction : program)
        {
            if (instruction >= 0)
            {
                final boolean held = null != set ? set.contains(instruction) :
                    (instruction >>> 6) < bits.length && (bits[instruction >>> 6] & (1L << instruction)) != 0;
                stack = (stack << 1) | (held ? 1L : 0L);
            }
            else if (OP_NOT == instruction)
            {
                stack ^= 1L;
            }
            else if (OP_AND == instruction)
            {
                stack = (stack >>> 1) & (stack | ~1L);
            }
            else
            {
                stack = (stack >>> 1) | (stack & 1L);
            }
        }

        return 0L != (stack & 1L);
    }

    /**
     * @return the text the expression was compiled from; empty for {@link #ALWAYS}.
     */
    public String text()
    {
        return text;
    }

    /**
     * @return the distinct ids of the segments the expression mentions, in order of first mention;
     * a fresh copy on each call.
     */
    public int[] segmentIds()
    {
        return segmentIds.clone();
    }

    /**
     * @return the expression in canonical form: upper-case operators, single spaces, only the
     * parentheses precedence needs and double negations removed; {@code ALWAYS} for {@link #ALWAYS}.
     */
    public String toString()
    {
        return canonical;
    }

    private static String render(final int[] program, final SegmentDictionary dictionary)
    {
        final int precedenceSegment = 3;
        final int precedenceNot = 2;
        final int precedenceAnd = 1;

        final String[] texts = new String[program.length];
        final int[] precedences = new int[program.length];
        int top = -1;
        for (final int instruction : program)
        {
            if (instruction >= 0)
            {
                top++;
                texts[top] = dictionary.nameOf(instruction);
                precedences[top] = precedenceSegment;
            }
            else if (OP_NOT == instruction)
            {
                texts[top] = "NOT " + (precedences[top] >= precedenceNot ? texts[top] : "(" + texts[top] + ")");
                precedences[top] = precedenceNot;
            }
            else
            {
                final boolean and = OP_AND == instruction;
                final int precedence = and ? precedenceAnd : 0;
                final String left = precedences[top - 1] >= precedence ? texts[top - 1] : "(" + texts[top - 1] + ")";
                final String right = precedences[top] >= precedence ? texts[top] : "(" + texts[top] + ")";
                top--;
                texts[top] = left + (and ? " AND " : " OR ") + right;
                precedences[top] = precedence;
            }
        }

        return texts[0];
    }

    /**
     * Recursive-descent parser emitting a postfix program whose operands are term indexes, so that
     * names are interned only once the whole text is known to compile.
     */
    private static final class Parser
    {
        private static final int END = 0;
        private static final int SEGMENT = 1;
        private static final int AND = 2;
        private static final int OR = 3;
        private static final int NOT = 4;
        private static final int OPEN = 5;
        private static final int CLOSE = 6;

        private final String text;
        private final IntArrayList program = new IntArrayList();
        private final List<String> terms = new ArrayList<>();
        private int position;
        private int depth;

        private int token;
        private int tokenStart;
        private int tokenEnd;

        Parser(final String text)
        {
            this.text = text;
        }

        void parse()
        {
            advance();
            if (END == token)
            {
                throw new IllegalArgumentException("empty expression");
            }
            parseOr(null);
            if (CLOSE == token)
            {
                throw error("unexpected ')'");
            }
            if (END != token)
            {
                throw error("expected AND or OR but found '" + tokenText() + "'");
            }
        }

        private void parseOr(final String after)
        {
            parseAnd(after);
            while (OR == token)
            {
                advance();
                parseAnd("OR");
                program.addInt(OP_OR);
            }
        }

        private void parseAnd(final String after)
        {
            parseUnary(after);
            while (AND == token)
            {
                advance();
                parseUnary("AND");
                program.addInt(OP_AND);
            }
        }

        private void parseUnary(final String after)
        {
            String operandAfter = after;
            boolean negate = false;
            while (NOT == token)
            {
                negate = !negate;
                operandAfter = "NOT";
                advance();
            }
            parsePrimary(operandAfter);
            if (negate)
            {
                program.addInt(OP_NOT);
            }
        }

        private void parsePrimary(final String after)
        {
            if (SEGMENT == token)
            {
                if (terms.size() == MAX_TERMS)
                {
                    throw error("more than " + MAX_TERMS + " segments in one expression");
                }
                program.addInt(terms.size());
                terms.add(text.substring(tokenStart, tokenEnd));
                advance();
            }
            else if (OPEN == token)
            {
                final int openAt = tokenStart;
                if (depth == MAX_DEPTH)
                {
                    throw error("parentheses nested deeper than " + MAX_DEPTH);
                }
                depth++;
                advance();
                parseOr("'('");
                if (CLOSE != token)
                {
                    if (END == token)
                    {
                        throw new IllegalArgumentException("missing ')' for '(' at " + openAt);
                    }
                    throw error("expected AND, OR or ')' but found '" + tokenText() + "'");
                }
                depth--;
                advance();
            }
            else if (END == token)
            {
                throw error("expected a segment after " + after);
            }
            else
            {
                final String found = "'" + tokenText() + "'";
                throw error(null == after ? "expected a segment but found " + found :
                    "expected a segment after " + after + " but found " + found);
            }
        }

        private void advance()
        {
            final String text = this.text;
            final int length = text.length();
            int i = position;
            while (i < length && Character.isWhitespace(text.charAt(i)))
            {
                i++;
            }
            tokenStart = i;
            if (i == length)
            {
                token = END;
                tokenEnd = i;
                position = i;
                return;
            }

            final char c = text.charAt(i);
            if ('(' == c || ')' == c || '!' == c)
            {
                token = '(' == c ? OPEN : ')' == c ? CLOSE : NOT;
                tokenEnd = i + 1;
            }
            else if ('&' == c || '|' == c)
            {
                if (i + 1 == length || text.charAt(i + 1) != c)
                {
                    throw new IllegalArgumentException(
                        "unexpected character '" + c + "' at " + i + ", expected '" + c + c + "'");
                }
                token = '&' == c ? AND : OR;
                tokenEnd = i + 2;
            }
            else if (SegmentDictionary.isNameChar(c))
            {
                int end = i + 1;
                while (end < length && SegmentDictionary.isNameChar(text.charAt(end)))
                {
                    end++;
                }
                tokenEnd = end;
                token = wordToken(text.substring(i, end));
                if (SEGMENT == token && end - i > SegmentDictionary.MAX_NAME_LENGTH)
                {
                    throw error("segment name longer than " + SegmentDictionary.MAX_NAME_LENGTH + " characters");
                }
            }
            else
            {
                throw error("unexpected character '" + c + "'");
            }
            position = tokenEnd;
        }

        private static int wordToken(final String word)
        {
            switch (word.toUpperCase(Locale.ROOT))
            {
                case "AND":
                    return AND;
                case "OR":
                    return OR;
                case "NOT":
                    return NOT;
                default:
                    return SEGMENT;
            }
        }

        private String tokenText()
        {
            return text.substring(tokenStart, tokenEnd);
        }

        private IllegalArgumentException error(final String problem)
        {
            return new IllegalArgumentException(problem + " at " + tokenStart);
        }
    }
}
