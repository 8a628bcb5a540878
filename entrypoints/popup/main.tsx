import { render } from 'preact';
import '../../extension/ui/theme.css';
import { Popup } from '../../extension/ui/Popup';
import { keepBackgroundAwake, POPUP_PORT } from '../../extension/keep-awake-port';

render(<Popup />, document.getElementById('app')!);
// Held while the popup is open: a save that fails after it was closed is reported in the page instead.
keepBackgroundAwake(POPUP_PORT);
