/**
 * What a login will do, known before any password is asked for or any browser opened: log in
 * again a stored account (same kind, same identity), or add a new one under a name no other
 * account has. Pure and light, so the app's add form can answer it from its snapshot.
 */
import type {Account} from './account.js';
import type {LoginTarget} from './kind.js';
import {kindById, kindOf} from './kinds.js';

/** The stored account a login of this kind to `target` is for (it is then logged in again in place). */
export function storedLoginAmong(accounts: readonly Account[], service: string, target: LoginTarget): Account | undefined {
	const kind = kindById(service);
	return accounts.find(account => kindOf(account) === kind && kind.isLoginOf(account, target));
}

/** The name a new account would get (the one given, else the kind's default when known) when another account has it already. */
export function takenNameAmong(accounts: readonly Account[], service: string, target: LoginTarget, name: string | undefined): string | undefined {
	const wanted = name ?? kindById(service).login.defaultName(target);
	return wanted !== undefined && accounts.some(account => account.name === wanted) ? wanted : undefined;
}
