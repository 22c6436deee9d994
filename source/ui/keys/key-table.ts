/**
 * THE key table: every key of the app, defined once. Each binding says which keys, where they
 * apply (a context, and optionally a condition), what they do, how the help describes them,
 * and what the key-hint line says (with a priority: on a narrow terminal the lowest go first).
 * The keyboard router, the `?` help, the hint line and readme.md's key table (checked by a
 * test) are all made from it.
 */
import {isChoiceField} from '../add-form/add-form-state.js';
import type {UiActions} from '../store/ui-actions.js';
import type {UiView} from '../store/ui-view.js';
import type {KeyName, KeyPress} from './key-press.js';

/** Where a binding applies. A view has several contexts; the first that binds a key gets it. */
export type KeyContext = 'list' | 'filter' | 'form' | 'form-choice' | 'relogin' | 'sign-in' | 'question' | 'help' | 'text' | 'anywhere';

/** How contexts are named in the help and the readme, in the order they are listed. */
export const contextTitles: Record<KeyContext, string> = {
	list: 'list',
	filter: 'filter',
	form: 'add form',
	'form-choice': 'add form, on a choice',
	relogin: 'password prompt',
	'sign-in': 'browser sign-in',
	question: 'y/n question',
	help: 'help',
	text: 'text field',
	anywhere: 'anywhere',
};

/** Any key that types a character (into the text field that has focus). */
export const anyCharacter: KeyName = 'character';

export interface KeyHint {
	/** The words on the hint line; a function for hints that depend on the state (none when it gives undefined). */
	text: string | ((view: UiView) => string | undefined);
	/** Higher stays longer when the line is too short. */
	priority: number;
}

export interface KeyBinding {
	keys: readonly KeyName[];
	context: KeyContext;
	/** Applies only when this holds; otherwise the key goes on to the next binding. */
	when?: (view: UiView) => boolean;
	run(actions: UiActions, press: KeyPress): void;
	help: string;
	hint?: KeyHint;
}

const hasAccounts = (view: UiView) => view.snapshot.entries.length > 0;
const hasSelection = (view: UiView) => view.selected !== undefined;
const needsLogin = (view: UiView) => view.selected?.account.status === 'needs-login';
const filterKept = (view: UiView) => !view.state.filter.editing && view.state.filter.input.text !== '';
/** Hints that only make sense once there is an account. */
const withAccounts = (text: string) => (view: UiView) => (hasAccounts(view) ? text : undefined);

export const keyTable: readonly KeyBinding[] = [
	// The list.
	{keys: ['enter'], context: 'list', when: needsLogin, run: (a) => a.loginSelected(), help: 'log in again (an account that needs a login): the password, or the browser', hint: {text: 'Enter log in', priority: 90}},
	{keys: ['up', 'k'], context: 'list', run: (a) => a.move('up'), help: 'move up', hint: {text: withAccounts('↑↓ move'), priority: 70}},
	{keys: ['down', 'j'], context: 'list', run: (a) => a.move('down'), help: 'move down'},
	{keys: ['home', 'g'], context: 'list', run: (a) => a.move('first'), help: 'first account'},
	{keys: ['end', 'G'], context: 'list', run: (a) => a.move('last'), help: 'last account'},
	{keys: ['pageup'], context: 'list', run: (a) => a.move('page-up'), help: 'a page up'},
	{keys: ['pagedown'], context: 'list', run: (a) => a.move('page-down'), help: 'a page down'},
	{keys: ['r'], context: 'list', when: hasSelection, run: (a) => a.refreshSelected(), help: 'refresh the selected account (needing a login: asks for the password, or signs in in the browser)', hint: {text: 'r refresh', priority: 80}},
	{keys: ['R'], context: 'list', when: hasAccounts, run: (a) => a.refreshAll(), help: 'refresh all accounts, a few at a time', hint: {text: 'R all', priority: 45}},
	{keys: ['A'], context: 'list', run: (a) => a.toggleAutoRefresh(), help: 'auto-refresh on / off', hint: {text: withAccounts('A auto'), priority: 35}},
	{keys: ['a'], context: 'list', run: (a) => a.openAddForm(), help: 'add an account', hint: {text: (view) => (hasAccounts(view) ? 'a add' : 'a add account'), priority: 55}},
	{keys: ['d'], context: 'list', when: hasSelection, run: (a) => a.askRemove(), help: 'log out and remove the selected account (asks first)', hint: {text: 'd remove', priority: 50}},
	{keys: ['/'], context: 'list', when: hasAccounts, run: (a) => a.startFilter(), help: 'filter by name, service or handle', hint: {text: '/ filter', priority: 60}},
	{keys: ['escape'], context: 'list', when: filterKept, run: (a) => a.clearFilter(), help: 'clear the filter', hint: {text: 'Esc clear filter', priority: 85}},
	{keys: ['v'], context: 'list', when: hasSelection, run: (a) => a.toggleReveal(), help: 'show the selected token for 10 seconds (again: hide it)', hint: {text: 'v show', priority: 30}},
	{keys: ['c'], context: 'list', when: hasSelection, run: (a) => a.copySelected(), help: 'copy the selected access token to the clipboard (OSC 52)', hint: {text: 'c copy', priority: 40}},
	{keys: ['s'], context: 'list', when: hasAccounts, run: (a) => a.cycleSort(), help: 'sort by name, time left, service or state (each press the next)', hint: {text: 's sort', priority: 25}},
	{keys: ['?'], context: 'list', run: (a) => a.showHelp(), help: 'help: every key and state', hint: {text: '? help', priority: 100}},
	{keys: ['q'], context: 'list', run: (a) => a.quit(), help: 'quit', hint: {text: 'q quit', priority: 100}},
	// The filter being typed.
	{keys: ['enter'], context: 'filter', run: (a) => a.keepFilter(), help: 'keep the filter and go back to the list', hint: {text: 'Enter keep', priority: 90}},
	{keys: ['escape'], context: 'filter', run: (a) => a.clearFilter(), help: 'clear the filter', hint: {text: 'Esc clear', priority: 90}},
	// The add form.
	{keys: ['tab', 'down'], context: 'form', run: (a) => a.formFocus(1), help: 'next field', hint: {text: 'Tab/↑↓ field', priority: 70}},
	{keys: ['shift-tab', 'up'], context: 'form', run: (a) => a.formFocus(-1), help: 'previous field'},
	{keys: ['enter'], context: 'form', run: (a) => a.formEnter(), help: 'next field; on the last one, log in', hint: {text: 'Enter next/log in', priority: 90}},
	{keys: ['escape'], context: 'form', run: (a) => a.closeOverlay(), help: 'cancel', hint: {text: 'Esc cancel', priority: 95}},
	{keys: ['left'], context: 'form-choice', run: (a) => a.formCycle(-1), help: 'previous choice', hint: {text: '←→ choose', priority: 80}},
	{keys: ['right', 'space'], context: 'form-choice', run: (a) => a.formCycle(1), help: 'next choice'},
	// The password prompt of an account that needs a login.
	{keys: ['enter'], context: 'relogin', run: (a) => a.submitRelogin(), help: 'log in with what was typed', hint: {text: 'Enter log in', priority: 90}},
	{keys: ['escape'], context: 'relogin', run: (a) => a.closeOverlay(), help: 'cancel', hint: {text: 'Esc cancel', priority: 95}},
	// A sign-in in the browser, waiting for it (or for the address it ended on, pasted).
	{keys: ['enter'], context: 'sign-in', run: (a) => a.submitPastedAddress(), help: 'finish with the pasted address the browser ended on', hint: {text: 'Enter use pasted address', priority: 85}},
	{keys: ['escape'], context: 'sign-in', run: (a) => a.cancelSignIn(), help: 'cancel the sign-in (nothing is stored)', hint: {text: 'Esc cancel', priority: 95}},
	// The question before a removal.
	{keys: ['y'], context: 'question', run: (a, press) => a.answerRemove(true, press.alone), help: 'yes: remove (only a key typed after the question shows counts)', hint: {text: 'y remove', priority: 90}},
	{keys: ['n', 'escape'], context: 'question', run: (a) => a.answerRemove(false), help: 'no: keep the account', hint: {text: 'n keep', priority: 90}},
	// The help.
	{keys: ['up', 'k'], context: 'help', run: (a) => a.scrollHelp('up'), help: 'scroll up', hint: {text: '↑↓ PgUp PgDn scroll', priority: 60}},
	{keys: ['down', 'j'], context: 'help', run: (a) => a.scrollHelp('down'), help: 'scroll down'},
	{keys: ['pageup'], context: 'help', run: (a) => a.scrollHelp('page-up'), help: 'a page up'},
	{keys: ['pagedown', 'space'], context: 'help', run: (a) => a.scrollHelp('page-down'), help: 'a page down'},
	{keys: ['home', 'g'], context: 'help', run: (a) => a.scrollHelp('first'), help: 'to the top'},
	{keys: ['end', 'G'], context: 'help', run: (a) => a.scrollHelp('last'), help: 'to the end'},
	{keys: ['escape', '?', 'q'], context: 'help', run: (a) => a.closeOverlay(), help: 'close the help', hint: {text: 'Esc close help', priority: 90}},
	// Any text field: the filter, the form's text fields, the password prompt.
	{
		keys: [anyCharacter],
		context: 'text',
		run: (a, press) => a.editText({type: 'insert', text: press.text ?? ''}),
		help: 'types it; a paste goes in as text, its line breaks as spaces',
		hint: {text: (view) => (view.state.screen.mode === 'filter' ? 'type to filter' : undefined), priority: 95},
	},
	{keys: ['left'], context: 'text', run: (a) => a.editText({type: 'left'}), help: 'cursor left', hint: {text: '←→ cursor', priority: 20}},
	{keys: ['right'], context: 'text', run: (a) => a.editText({type: 'right'}), help: 'cursor right'},
	{keys: ['home', 'ctrl-a'], context: 'text', run: (a) => a.editText({type: 'start'}), help: 'cursor to the start'},
	{keys: ['end', 'ctrl-e'], context: 'text', run: (a) => a.editText({type: 'end'}), help: 'cursor to the end'},
	{keys: ['backspace'], context: 'text', run: (a) => a.editText({type: 'backspace'}), help: 'delete the character before the cursor'},
	{keys: ['delete'], context: 'text', run: (a) => a.editText({type: 'delete'}), help: 'delete the character under the cursor'},
	{keys: ['ctrl-u'], context: 'text', run: (a) => a.editText({type: 'delete-to-start'}), help: 'delete from the start to the cursor'},
	{keys: ['ctrl-w'], context: 'text', run: (a) => a.editText({type: 'delete-word'}), help: 'delete the word before the cursor'},
	// Everywhere.
	{keys: ['ctrl-c'], context: 'anywhere', run: (a) => a.quit(), help: 'quit'},
];

/** The contexts of a view, most specific first. */
export function contextsOf(view: UiView): KeyContext[] {
	const {screen, addForm} = view.state;
	switch (screen.mode) {
		case 'list':
			return ['list', 'anywhere'];
		case 'filter':
			return ['filter', 'text', 'anywhere'];
		case 'add':
			return ['form', isChoiceField(addForm.focus) ? 'form-choice' : 'text', 'anywhere'];
		case 'relogin':
			return ['relogin', 'text', 'anywhere'];
		case 'sign-in':
			return ['sign-in', 'text', 'anywhere'];
		case 'confirm-remove':
			return ['question', 'anywhere'];
		case 'help':
			return ['help', 'anywhere'];
	}
}

function binds(binding: KeyBinding, press: KeyPress): boolean {
	return binding.keys.includes(press.name) || (press.text !== undefined && binding.keys.includes(anyCharacter));
}

/** The binding a key press gets in a view, if any. */
export function bindingFor(view: UiView, press: KeyPress): KeyBinding | undefined {
	for (const context of contextsOf(view)) {
		const found = keyTable.find((binding) => binding.context === context && binds(binding, press) && (binding.when?.(view) ?? true));
		if (found) return found;
	}
	return undefined;
}
