/** Binds a server to a free port on 127.0.0.1 only (never every interface) and gives its URL. */
import type {Server} from 'node:net';

export async function listenOnLoopback(server: Server): Promise<string> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
	return `http://127.0.0.1:${address.port}`;
}
