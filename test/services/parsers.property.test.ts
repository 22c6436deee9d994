/**
 * For any input the parsers give a value or their own typed error: never another exception,
 * never a hang (each run is bounded, and the whole property has a time limit).
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {decodeJwt, JwtDecodeError} from '../../source/services/jwt.js';
import {printSexpr, readSexpr, SexprParseError, type SexprValue} from '../../source/services/zettelstore/sexpr.js';
import {decodeZettelstoreToken} from '../../source/services/zettelstore/token-claims.js';

const runs = {numRuns: 500, interruptAfterTimeLimit: 5000};

/** Strings made mostly of the characters that matter to an s-expression reader. */
const sexprish = fc.string({
	unit: fc.oneof(
		fc.constantFrom('(', ')', '"', '\\', ';', ' ', '\n', 'x', 'u', 'U', '0', '9', 'A', 'f', '-', '+', '.', '#', "'"),
		fc.string({minLength: 1, maxLength: 1, unit: 'binary'}),
	),
	maxLength: 60,
});

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({min: 0, max: 0xffff}).map(code => String.fromCharCode(code));

const anyText = fc.oneof(fc.string({unit: 'binary', maxLength: 200}), fc.string({unit: codeUnit, maxLength: 100}), sexprish);

const sexprValue: fc.Arbitrary<SexprValue> = fc.letrec<{value: SexprValue}>(tie => ({
	value: fc.oneof(
		{depthSize: 'small', withCrossShrink: true},
		fc.string({unit: 'binary', maxLength: 20}).map(value => ({type: 'string' as const, value})),
		fc.oneof(fc.integer(), fc.bigInt({min: -(2n ** 80n), max: 2n ** 80n})).map(value => ({
			type: 'integer' as const,
			value: typeof value === 'bigint' && Number.isSafeInteger(Number(value)) ? Number(value) : value,
		})),
		fc.stringMatching(/^[a-zA-Z*!?<>=/_][a-zA-Z0-9*!?<>=/_-]{0,8}$/).map(name => ({type: 'symbol' as const, name})),
		fc.array(tie('value'), {maxLength: 5}).map(items => ({type: 'list' as const, items})),
	),
})).value;

describe('readSexpr properties', () => {
	it('gives a value or a SexprParseError with a position inside the input', () => {
		fc.assert(
			fc.property(anyText, text => {
				try {
					readSexpr(text);
				} catch (error) {
					assert.ok(error instanceof SexprParseError, `threw ${String(error)}`);
					assert.ok(Number.isInteger(error.position) && error.position >= 0 && error.position <= text.length);
					assert.match(error.message, / at \d+/);
				}
			}),
			runs,
		);
	});

	it('reads back what printSexpr prints', () => {
		fc.assert(
			fc.property(sexprValue, value => {
				// 'binary' strings are well-formed (lone surrogates would read back as U+FFFD).
				assert.deepEqual(readSexpr(printSexpr(value)), value);
			}),
			runs,
		);
	});
});

describe('decodeZettelstoreToken properties', () => {
	it('never throws and always names a format', () => {
		const tokenish = fc.oneof(
			anyText,
			// Two base64url parts, the first one a (possibly broken) s-expression.
			fc.tuple(sexprish, fc.base64String()).map(([claim, digest]) => `${Buffer.from(claim).toString('base64url')}.${digest.replace(/[+/=]/g, '')}`),
			fc.tuple(fc.json(), fc.json()).map(([header, payload]) => `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}.sig`),
		);
		fc.assert(
			fc.property(tokenish, token => {
				const claims = decodeZettelstoreToken(token);
				assert.ok(['sexpr', 'jwt', 'opaque'].includes(claims.format));
			}),
			runs,
		);
	});
});

describe('decodeJwt properties', () => {
	it('gives a value or a JwtDecodeError', () => {
		const jwtish = fc.oneof(
			anyText,
			fc.tuple(fc.json(), fc.json(), fc.string()).map(([header, payload, signature]) => [header, payload, signature].map(part => Buffer.from(part).toString('base64url')).join('.')),
		);
		fc.assert(
			fc.property(jwtish, token => {
				try {
					const decoded = decodeJwt(token);
					assert.equal(typeof decoded.payload, 'object');
				} catch (error) {
					assert.ok(error instanceof JwtDecodeError, `threw ${String(error)}`);
				}
			}),
			runs,
		);
	});
});
