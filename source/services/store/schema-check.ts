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
export function firstSchemaProblem(value: unknown, schema: SchemaNode): string | undefined {
	return problemAt(value, schema, []);
}

/**
 * Runs on every account of every read (10,000 accounts at the app's start), so the path is a
 * stack of keys made into text only for the problem found, and each pattern is compiled once.
 */
function problemAt(value: unknown, schema: SchemaNode, path: string[]): string | undefined {
	if (schema.type && !hasType(value, schema.type)) return `${at(path)} must be ${schema.type}`;
	if (schema.enum && !schema.enum.includes(value)) return `${at(path)} must be one of ${schema.enum.join(', ')}`;
	if ('const' in schema && value !== schema.const) return `${at(path)} must be ${String(schema.const)}`;
	if (typeof value === 'string') {
		if (schema.minLength !== undefined && value.length < schema.minLength) return `${at(path)} must not be shorter than ${schema.minLength}`;
		if (schema.pattern !== undefined && !compiled(schema.pattern).test(value)) return `${at(path)} must match pattern "${schema.pattern}"`;
	}
	if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) return `${at(path)} must be >= ${schema.minimum}`;
	if (isObject(value)) {
		for (const key of schema.required ?? []) {
			if (!(key in value)) return `${at(path)} must have required property '${key}'`;
		}
		if (schema.properties) {
			for (const key in schema.properties) {
				if (!(key in value)) continue;
				path.push(key);
				const problem = problemAt(value[key], schema.properties[key]!, path);
				path.pop();
				if (problem) return problem;
			}
		}
	}
	if (Array.isArray(value) && schema.items) {
		for (let index = 0; index < value.length; index++) {
			path.push(String(index));
			const problem = problemAt(value[index], schema.items, path);
			path.pop();
			if (problem) return problem;
		}
	}
	for (const part of schema.allOf ?? []) {
		const problem = problemAt(value, part, path);
		if (problem) return problem;
	}
	if (schema.if && schema.then && problemAt(value, schema.if, path) === undefined) {
		return problemAt(value, schema.then, path);
	}
	return undefined;
}

function at(path: readonly string[]): string {
	return `\`${path.length > 0 ? path.join('/') : '/'}\``;
}

const patterns = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
	let regexp = patterns.get(pattern);
	if (!regexp) patterns.set(pattern, (regexp = new RegExp(pattern, 'u')));
	return regexp;
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
