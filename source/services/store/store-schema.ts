/**
 * The JSON schema of config.json, checked by schema-check.ts on every read and before every write. It pins what the
 * program relies on and lets unknown fields through, so an older tokentop keeps a newer field.
 */
import {kindIds, kinds} from '../kinds.js';
import type {SchemaNode} from './schema-check.js';

export const storeVersion = 1;

const idPattern = '^[A-Za-z0-9_-]+$';

const accountSchema: SchemaNode = {
	type: 'object',
	required: ['id', 'name', 'service', 'url', 'status', 'revision'],
	properties: {
		id: {type: 'string', pattern: idPattern},
		name: {type: 'string', minLength: 1},
		service: {enum: [...kindIds]},
		url: {type: 'string'},
		status: {enum: ['ok', 'needs-login', 'error']},
		revision: {type: 'integer', minimum: 0},
	},
	// Each kind's own fields, required when `service` names it.
	allOf: kinds.map(kind => ({if: {required: ['service'], properties: {service: {const: kind.id}}}, then: kind.schema})),
};

export const storeSchema = {
	version: {type: 'integer', minimum: 1},
	accounts: {type: 'array', items: accountSchema},
} satisfies Record<string, SchemaNode>;

/** The whole file, for reading: a version and the accounts, both required. */
export const storeFileSchema: SchemaNode = {type: 'object', required: ['version', 'accounts'], properties: storeSchema};
