/** The keys of the help overlay, the y/n question and the re-login prompt. */
import {typeText, type KeyHandler} from './key-handler.js';

/** Any of Esc, ? or q closes the help. */
export const helpKeys: KeyHandler = (input, key, actions) => {
	if (key.escape || input === '?' || input === 'q') actions.closeOverlay();
};

/** y removes, n or Esc keeps. */
export const confirmRemoveKeys: KeyHandler = (input, key, actions) => {
	if (input === 'y' || input === 'Y') actions.answerRemove(true);
	else if (input === 'n' || input === 'N' || key.escape) actions.answerRemove(false);
};

/** Typing edits the masked secret, Enter logs in, Esc cancels. */
export const reloginKeys: KeyHandler = (input, key, actions) => {
	if (key.escape) actions.closeOverlay();
	else if (key.return) actions.submitRelogin();
	else typeText(input, key, actions);
};
