/** What the cli needs from the UI: the root component and its props. */
export {App, type AppProps} from './app.js';
