/** Where the TUI's `w` key writes the whole schedule token (in the current directory). A module of its own so that the CLI can name it without loading ink. */
export const TOKEN_FILE = "mpisim-token.txt";
