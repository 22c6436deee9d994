console.log('tokentop');
