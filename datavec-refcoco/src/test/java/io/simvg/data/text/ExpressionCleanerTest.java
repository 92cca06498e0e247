package io.simvg.data.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SimVG's clean_string, spec §1.3: lower-case; delete {@code . , ' ! ? " ( ) * # : ;}; then '-' and '/' → space. */
class ExpressionCleanerTest {

    @Test
    void lowerCases() {
        assertEquals("the man in the red shirt", ExpressionCleaner.clean("The MAN in the Red SHIRT"));
        assertEquals("café", ExpressionCleaner.clean("CAFÉ"));
    }

    @Test
    void deletesEachPunctuationCharacterOfTheSet() {
        assertEquals("abcdefghijklm", ExpressionCleaner.clean("a.b,c'd!e?f\"g(h)i*j#k:l;m"));
        assertEquals("its the big one", ExpressionCleaner.clean("it's the \"big\" one!?"));
        assertEquals("", ExpressionCleaner.clean(".,'!?\"()*#:;"));
    }

    @Test
    void hyphenAndSlashBecomeOneSpaceEach() {
        assertEquals("left most zebra", ExpressionCleaner.clean("left-most zebra"));
        assertEquals("blue white dress", ExpressionCleaner.clean("blue/white dress"));
        assertEquals("a  b   c", ExpressionCleaner.clean("a--b/-/c"));
        assertEquals(" ", ExpressionCleaner.clean("(-)"));
    }

    @Test
    void keepsWhitespaceAndEverythingElse() {
        assertEquals("  red \t circle  ", ExpressionCleaner.clean("  red \t circle  "));
        assertEquals("a&b+c<d>e_f=g%h", ExpressionCleaner.clean("a&b+c<d>e_f=g%h"));
        assertEquals("man’s hat 42", ExpressionCleaner.clean("man’s hat 42"));   // only the ASCII apostrophe goes
        assertEquals("", ExpressionCleaner.clean(""));
    }
}
