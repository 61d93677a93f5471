// AURA for VS Code: starts `aura lsp` (the path is the setting aura.server.path)
// for every aura document, through vscode-languageclient.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/** The server's command line from the settings. */
function serverOptions() {
  const config = vscode.workspace.getConfiguration("aura");
  const command = config.get("server.path", "aura") || "aura";
  const args = ["lsp", ...config.get("server.extraArgs", [])];
  return { command, args, transport: TransportKind.stdio };
}

function createClient() {
  const clientOptions = {
    documentSelector: [{ language: "aura" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.aura") },
  };
  return new LanguageClient("aura", "AURA language server", serverOptions(), clientOptions);
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const path = vscode.workspace.getConfiguration("aura").get("server.path", "aura");
    vscode.window.showErrorMessage(
      `AURA: cannot start the language server \`${path} lsp\`: ${error.message}. ` +
        "Set aura.server.path to the aura executable."
    );
  }
}

async function restart() {
  if (client) {
    await client.stop().catch(() => undefined);
  }
  await start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("aura.restartServer", restart),
    // A new server path takes effect without reloading the window.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("aura.server")) {
        restart();
      }
    })
  );
  await start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
