import AuraGitCLI

GitAuraCommand.main()
