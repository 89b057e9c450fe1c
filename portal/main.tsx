import { render } from 'preact';
import { App } from './app.tsx';
// Cascade order matters: base, then controls, then feedback, then page-specific rules.
import './styles.css';
import './styles/forms.css';
import './styles/feedback.css';
import './styles/wizard-and-landing.css';
import './styles/pages.css';

render(<App />, document.getElementById('app')!);
