/**
 * Import FIRST (before ink) in a test that reads Ink's frames from a terminal emulator: Ink
 * (is-in-ci) draws nothing but the last frame when CI is set, as CI is in `bash .ci/run`; the
 * emulated terminal is a terminal, so this process is told it is not in CI. Colours on, as in
 * ink.ts. No runtime imports, for that reason.
 */
process.env.CI = 'false';
process.env.FORCE_COLOR ??= '1';
