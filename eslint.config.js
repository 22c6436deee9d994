import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', '.tmp/**']},
	js.configs.recommended,
	{files: ['**/*.{js,mjs}'], languageOptions: {globals: globals.node}},
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'no-console': 'off',
		},
	},
	{
		// The layering rule of the project: services never import React or the UI.
		files: ['source/services/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {patterns: ['react', 'ink', 'ink-*', '../ui/*', '**/ui/*']}],
		},
	},
	{
		files: ['source/ui/**/*.{ts,tsx}'],
		rules: {
			'no-restricted-imports': ['error', {paths: ['got', 'node:fs', 'fs', 'node:http', 'node:https']}],
		},
	},
	{
		// Scripts (the kill test, the bench) never depend on test code; tests may use scripts.
		files: ['scripts/**/*.{ts,tsx,mjs}'],
		rules: {
			'no-restricted-imports': ['error', {patterns: ['**/test/**']}],
		},
	},
);
