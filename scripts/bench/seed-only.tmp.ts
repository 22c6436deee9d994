import {startZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {newStoreDir, writeStore, zettelstoreAccounts, zettelstoreTemplate} from './seed.js';
const zs = await startZettelstoreStandIn({loginDelayMs: 0, tokenLifetimeMinutes: 60});
const template = await zettelstoreTemplate(zs);
const dir = newStoreDir(process.argv[2]!, 'seed-1000');
writeStore(dir, zettelstoreAccounts(zs, template, 1000));
console.log(dir);
setInterval(() => {}, 1e6);
