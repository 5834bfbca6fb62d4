// Placeholder until the wrapper lands.
import CLibGit2
