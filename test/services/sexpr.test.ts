import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {describeSexpr, maxNestingDepth, printSexpr, readSexpr, SexprParseError, sx} from '../../source/services/zettelstore/sexpr.js';

function parseError(text: string): SexprParseError {
	try {
		readSexpr(text);
	} catch (error) {
		assert.ok(error instanceof SexprParseError, `expected SexprParseError, got ${String(error)}`);
		return error;
	}
	assert.fail(`expected ${JSON.stringify(text)} not to parse`);
}

describe('readSexpr', () => {
	it('reads a token answer', () => {
		assert.deepEqual(readSexpr('("Bearer" "abc.def" 600)'), sx.list(sx.string('Bearer'), sx.string('abc.def'), sx.integer(600)));
	});

	it('reads the version answer and the token claim', () => {
		assert.deepEqual(readSexpr('(2 1 0 "" "7b7788b2e8")'), sx.list(sx.integer(2), sx.integer(1), sx.integer(0), sx.string(''), sx.string('7b7788b2e8')));
		assert.deepEqual(
			readSexpr('(1 "owner" 1795387317 1795387917 20260101000001)'),
			sx.list(sx.integer(1), sx.string('owner'), sx.integer(1795387317), sx.integer(1795387917), sx.integer(20260101000001)),
		);
	});

	it('reads string escapes as sx writes them', () => {
		const read = (text: string) => readSexpr(text);
		assert.deepEqual(read(String.raw`"a\"b\\c"`), sx.string('a"b\\c'));
		assert.deepEqual(read(String.raw`"\n\t\r"`), sx.string('\n\t\r'));
		assert.deepEqual(read(String.raw`"\x41\x7e"`), sx.string('A~'));
		assert.deepEqual(read(String.raw`"\u00e9\u20AC"`), sx.string('é€'));
		assert.deepEqual(read(String.raw`"\U01F600"`), sx.string('😀'));
		// Any other escaped character is the character itself, as in sx.
		assert.deepEqual(read(String.raw`"\q\("`), sx.string('q('));
		// Lone surrogates become U+FFFD.
		assert.deepEqual(read(String.raw`"\uD800"`), sx.string('\uFFFD'));
		// Raw newlines and non-ASCII text are fine inside strings.
		assert.deepEqual(read('"line\nnext ünï 😀"'), sx.string('line\nnext ünï 😀'));
	});

	it('reads nested lists, empty lists, whitespace and comments', () => {
		assert.deepEqual(readSexpr('()'), sx.list());
		assert.deepEqual(readSexpr(' \t\n( a (b (c ())) "d" ) \n'), sx.list(sx.symbol('a'), sx.list(sx.symbol('b'), sx.list(sx.symbol('c'), sx.list())), sx.string('d')));
		assert.deepEqual(readSexpr('; leading comment\n(a ; inside\n b) ; trailing'), sx.list(sx.symbol('a'), sx.symbol('b')));
		assert.deepEqual(readSexpr('(a\u00a0b)'), sx.list(sx.symbol('a'), sx.symbol('b')));
	});

	it('reads integers of any size exactly', () => {
		assert.deepEqual(readSexpr('0'), sx.integer(0));
		assert.deepEqual(readSexpr('-42'), sx.integer(-42));
		assert.deepEqual(readSexpr('+7'), sx.integer(7));
		assert.deepEqual(readSexpr('20260101000001'), sx.integer(20260101000001));
		assert.deepEqual(readSexpr(String(Number.MAX_SAFE_INTEGER)), sx.integer(Number.MAX_SAFE_INTEGER));
		assert.deepEqual(readSexpr('9007199254740992'), sx.integer(9007199254740992n));
		assert.deepEqual(readSexpr('-123456789012345678901234567890'), sx.integer(-123456789012345678901234567890n));
	});

	it('reads symbols, including number-like ones', () => {
		assert.deepEqual(readSexpr('(quote - + 12ab a-b [x] ünï)'), sx.list(...['quote', '-', '+', '12ab', 'a-b', '[x]', 'ünï'].map(name => sx.symbol(name))));
	});

	it('reports errors with precise positions', () => {
		const cases: Array<[string, string, number]> = [
			['', 'unexpected end of input at 0', 0],
			['   ; only a comment', 'unexpected end of input at 19', 19],
			['("Bearer" "abc 600)', 'unterminated string starting at 10', 10],
			['(a b', 'unterminated list starting at 0', 0],
			['(a (b c)', 'unterminated list starting at 0', 0],
			['((a) (b', 'unterminated list starting at 5', 5],
			['(a b) c)', 'expected end of input at 6', 6],
			['(a b))', 'expected end of input at 5', 5],
			[')', "unexpected ')' at 0", 0],
			['"abc\\', 'unterminated string starting at 0', 0],
			['"\\x4"', 'bad escape \\x at 1: expected 2 hex digits', 1],
			['"ab\\xZZ"', 'bad escape \\x at 3: expected 2 hex digits', 3],
			['"\\u12', 'unterminated string starting at 0', 0],
			['"\\U110000"', 'bad escape \\U110000 at 1: not a Unicode code point', 1],
			["'a", "unexpected ''' at 0", 0],
			['(a . b)', "unexpected '.' at 3", 3],
			['#t', "unexpected '#' at 0", 0],
			['(a \u007f)', 'unexpected U+007F at 3', 3],
			// Control characters up to space are whitespace, as in sx.
			['(a\u0001\u0002', 'unterminated list starting at 0', 0],
		];
		for (const [text, message, position] of cases) {
			const error = parseError(text);
			assert.equal(error.message, message, `message for ${JSON.stringify(text)}`);
			assert.equal(error.position, position, `position for ${JSON.stringify(text)}`);
		}
	});

	it('caps the nesting depth instead of overflowing the stack', () => {
		const deepest = '('.repeat(maxNestingDepth) + ')'.repeat(maxNestingDepth);
		assert.equal(readSexpr(deepest).type, 'list');
		const error = parseError('('.repeat(maxNestingDepth + 1));
		assert.equal(error.message, `lists nested deeper than ${maxNestingDepth} at ${maxNestingDepth}`);
		// Far beyond the limit it still fails fast, with the same typed error.
		assert.equal(parseError('('.repeat(1_000_000)).position, maxNestingDepth);
	});

	it('handles long inputs in linear time', () => {
		const started = Date.now();
		const items = readSexpr(`(${'"x\\"y" 12 sym '.repeat(50_000)})`);
		assert.equal(items.type === 'list' && items.items.length, 150_000);
		assert.ok(Date.now() - started < 2000);
	});
});

describe('printSexpr', () => {
	it('prints what readSexpr reads back, escaping like sx', () => {
		const value = sx.list(sx.integer(1), sx.string('o"w\\n\ner\u0001\u200b😀'), sx.integer(9007199254740993n), sx.symbol('sym'), sx.list());
		const text = printSexpr(value);
		assert.equal(text, '(1 "o\\"w\\\\n\\ner\\x01\\u200B😀" 9007199254740993 sym ())');
		assert.deepEqual(readSexpr(text), value);
	});
});

describe('describeSexpr', () => {
	it('names the shape, never the content', () => {
		assert.equal(describeSexpr(sx.list(sx.string('a'), sx.string('b'))), 'a list of 2');
		assert.equal(describeSexpr(sx.string('secret-token')), 'a string');
		assert.equal(describeSexpr(sx.symbol('secret-token')), 'a symbol');
		assert.equal(describeSexpr(sx.integer(3)), 'an integer');
	});
});
