/**
 * A small checker for the subset of JSON Schema that store-schema.ts uses (type, enum, const,
 * required, properties, items, pattern, minimum, minLength, allOf, if/then). The store checks
 * every read and every write with it. A full validator (ajv) would cost more to compile than the
 * whole `tokentop token` command may take.
 */

export interface SchemaNode {
	type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
	enum?: readonly unknown[];
	const?: unknown;
	required?: readonly string[];
	properties?: Readonly<Record<string, SchemaNode>>;
	items?: SchemaNode;
	pattern?: string;
	minimum?: number;
	minLength?: number;
	allOf?: readonly SchemaNode[];
	if?: SchemaNode;
	then?: SchemaNode;
}

/** The first problem found, as "`accounts/0/id` must match pattern …", or undefined when valid. */
export function firstSchemaProblem(value: unknown, schema: SchemaNode, path = ''): string | undefined {
	const at = `\`${path || '/'}\``;
	if (schema.type && !hasType(value, schema.type)) return `${at} must be ${schema.type}`;
	if (schema.enum && !schema.enum.includes(value)) return `${at} must be one of ${schema.enum.join(', ')}`;
	if ('const' in schema && value !== schema.const) return `${at} must be ${String(schema.const)}`;
	if (typeof value === 'string') {
		if (schema.minLength !== undefined && value.length < schema.minLength) return `${at} must not be shorter than ${schema.minLength}`;
		if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return `${at} must match pattern "${schema.pattern}"`;
	}
	if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) return `${at} must be >= ${schema.minimum}`;
	if (isObject(value)) {
		for (const key of schema.required ?? []) {
			if (!(key in value)) return `${at} must have required property '${key}'`;
		}
		for (const [key, child] of Object.entries(schema.properties ?? {})) {
			if (key in value) {
				const problem = firstSchemaProblem(value[key], child, join(path, key));
				if (problem) return problem;
			}
		}
	}
	if (Array.isArray(value) && schema.items) {
		for (const [index, item] of value.entries()) {
			const problem = firstSchemaProblem(item, schema.items, join(path, String(index)));
			if (problem) return problem;
		}
	}
	for (const part of schema.allOf ?? []) {
		const problem = firstSchemaProblem(value, part, path);
		if (problem) return problem;
	}
	if (schema.if && schema.then && firstSchemaProblem(value, schema.if, path) === undefined) {
		return firstSchemaProblem(value, schema.then, path);
	}
	return undefined;
}

function hasType(value: unknown, type: NonNullable<SchemaNode['type']>): boolean {
	switch (type) {
		case 'object':
			return isObject(value);
		case 'array':
			return Array.isArray(value);
		case 'integer':
			return Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		default:
			return typeof value === type;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
	return path ? `${path}/${key}` : key;
}
