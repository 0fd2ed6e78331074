// Starts `bearing lsp` for the YAML files of a workspace that has a bearing.yaml. The
// schema association for the YAML extension (redhat.vscode-yaml) is contributed in
// package.json (`yamlValidation`), so every document of every plan file gets
// completion and hover from the schemas even where bearing is not installed.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('bearing');
  const command = config.get('path') || 'bearing';
  const asOf = config.get('asOf');
  const serverOptions = {
    command,
    args: ['lsp'],
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    initializationOptions: asOf ? { asOf } : {},
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
  };
  client = new LanguageClient('bearing', 'bearing', serverOptions, clientOptions);
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `bearing: cannot start \`${command} lsp\` (${error.message}). Install bearing or set "bearing.path".`
    );
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
