import { render } from 'preact';
import '../../extension/ui/theme.css';
import { Popup } from '../../extension/ui/Popup';

render(<Popup />, document.getElementById('app')!);
