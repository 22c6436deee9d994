export declare const patchesDir: string;
export declare const appRoot: string;
export declare const checkedVersions: Readonly<Record<string, string>>;
export interface LocatedPackage {
	readonly dir: string;
	readonly version: string;
}
export declare function findPackageDir(name: string, fromDir: string): string | undefined;
export declare function locatePackage(chain: string, root?: string): LocatedPackage | undefined;
export declare function locateCheckedPackages(root?: string): Record<string, LocatedPackage>;
export declare function inkFile(relativePath: string, root?: string): string;
