import {typeText, type KeyHandler} from '../keyboard/key-handler.js';
import {isChoiceField} from './add-form-state.js';

/** Esc cancels; Tab/↓ and Shift-Tab/↑ move; ←/→/space change a choice; Enter goes on, or sends on the last field. */
export const addFormKeys: KeyHandler = (input, key, actions, view) => {
	if (key.escape) actions.closeOverlay();
	else if (key.return) actions.formEnter();
	else if (key.tab || key.downArrow || key.upArrow) actions.formFocus(key.upArrow || (key.tab && key.shift) ? -1 : 1);
	else if (isChoiceField(view.state.addForm.focus)) {
		if (key.leftArrow) actions.formCycle(-1);
		else if (key.rightArrow || input === ' ') actions.formCycle(1);
	} else typeText(input, key, actions);
};
