/** What the figures were measured on: printed above the table. */
import {readFileSync} from 'node:fs';
import os from 'node:os';

export function cpuModel(): string {
	try {
		const line = readFileSync('/proc/cpuinfo', 'utf8')
			.split('\n')
			.find(candidate => candidate.startsWith('model name'));
		if (line) return line.split(':')[1]!.trim();
	} catch {
		// Not Linux: fall back to what Node reports.
	}
	return os.cpus()[0]?.model ?? 'unknown CPU';
}

export function machineLines(): string[] {
	return [
		`machine: ${cpuModel()}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}`,
		`node: ${process.version}`,
		`date: ${new Date().toISOString()}, load average ${os.loadavg().map(value => value.toFixed(1)).join(' ')} (1, 5, 15 min) at start`,
	];
}
