// The devtools page registers the CORS panel and does nothing else.
chrome.devtools.panels.create('CORS', '/icons/icon-32.png', '/src/panel/panel.html');
