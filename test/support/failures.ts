/** Calls that must fail, and how: a ServiceError of the expected kind. */
import assert from 'node:assert/strict';
import {type FailureKind, ServiceError} from '../../source/services/errors.js';

/** Awaits a call that must fail with a ServiceError of this kind, adds its message to `seen` (for the suite's secret scan), and returns it. */
export async function expectFailure(promise: Promise<unknown>, kind: FailureKind, seen: string[]): Promise<ServiceError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
		seen.push(error.message);
		assert.equal(error.kind, kind, `kind of "${error.message}"`);
		return error;
	}
	assert.fail(`expected a ${kind} failure, but the call succeeded`);
}
