/**
 * The accounts as the store answers them: config.json's, with the journal's records applied in
 * order. Records appended since the last look are applied as they come; a new config or a new
 * journal (a fold or a reset, by any process) starts over. A record only updates an account
 * still in the config, and never to an older revision.
 */
import type {Account} from '../account.js';
import type {JournalRecord} from './journal.js';

export class AccountView {
	private state?: {config: Account[]; records: JournalRecord[]; applied: number; byId: Map<string, Account>};

	/** `config` and `records` as ConfigFile and Journal hand them out: the same arrays while their files are the same. */
	accounts(config: Account[], records: JournalRecord[]): Map<string, Account> {
		let state = this.state;
		if (!state || state.config !== config || state.records !== records) {
			state = {config, records, applied: 0, byId: new Map(config.map(account => [account.id, account]))};
			this.state = state;
		}
		for (; state.applied < records.length; state.applied++) {
			const {put} = records[state.applied]!;
			const current = state.byId.get(put.id);
			if (current && put.revision >= current.revision) state.byId.set(put.id, put);
		}
		return state.byId;
	}
}
