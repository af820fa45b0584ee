import App

await CreatorFlix.main()
