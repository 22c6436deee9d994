/** The stored fields of the identity check (identity-drift.ts), in both Bluesky kinds' schemas. Light: loaded with the kinds. */
import type {SchemaNode} from '../store/schema-check.js';

export const identityCheckProperties: Record<string, SchemaNode> = {
	identityCheckedAt: {type: 'number'},
	identityDrift: {
		type: 'object',
		required: ['state', 'host'],
		properties: {state: {enum: ['moved', 'inactive']}, host: {type: 'string'}, serverUrl: {type: 'string'}, status: {type: 'string'}},
	},
};
