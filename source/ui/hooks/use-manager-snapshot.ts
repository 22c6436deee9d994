import {useSyncExternalStore} from 'react';
import type {ManagerApi, ManagerSnapshot} from '../../services/manager-api.js';

/** The manager's snapshot; re-renders only when the manager hands out a new snapshot object. */
export function useManagerSnapshot(manager: ManagerApi): ManagerSnapshot {
	return useSyncExternalStore(manager.subscribe, manager.getSnapshot);
}
